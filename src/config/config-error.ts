/**
 * A config the tool cannot use. The message is one line naming the file and the key, e.g.
 * `csp-connect.config.json: "allow[1]": "https://exa mple.com" is not a valid CSP source expression`;
 * the CLI prints it as is and exits with 2.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
