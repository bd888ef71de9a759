/** A configuration Arena cannot run with: the message names the file or variable, the field and the problem. */
export class ConfigError extends Error {}
