/** Resolves with the signal's name on the first SIGINT or SIGTERM, then stops listening. */
export function signalled(): Promise<string> {
  return new Promise((done) => {
    const on = (signal: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      done(signal);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}
