import pino from 'pino';

// Belt and braces: callers never pass secrets, and these paths are censored in case one slips in.
export const REDACT_PATHS = [
  'password', '*.password', 'newPassword', '*.newPassword', 'token', '*.token', 'sessionToken', '*.sessionToken',
  'cookie', '*.cookie', 'cookies', '*.cookies', 'authorization', '*.authorization', 'secret', '*.secret',
  'headers.cookie', 'headers.authorization', '*.headers.cookie', '*.headers.authorization', 'csrfToken', '*.csrfToken',
];

function createLogger() {
  const level = process.env.LOG_LEVEL || 'info';
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'preflight' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const file = process.env.LOG_FILE;
  return file ? pino(options, pino.destination({ dest: file, sync: true, mkdir: true })) : pino(options);
}

const globalForLog = globalThis as unknown as { preflightLog?: pino.Logger };
export const log: pino.Logger = (globalForLog.preflightLog ??= createLogger());
