/** Where the monitor reports trouble that must not stop it (a webhook down, a write failing). */
export interface MonitorLogger {
  warn(message: string): void;
}

export const stderrLogger: MonitorLogger = {
  warn: (message) => process.stderr.write(`catalyst monitor: ${message}\n`),
};
