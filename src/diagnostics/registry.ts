import type { Severity } from '../types.js';

/**
 * Every diagnostic code, its severity and its words. Detection sites only name a code
 * and typed arguments; `{name}` placeholders are filled from those arguments.
 */
export interface DiagnosticSpec {
  readonly severity: Severity;
  readonly message: string;
  readonly help: string;
}

export const DIAGNOSTICS = {
  'parse-error': {
    severity: 'error',
    message: 'could not parse {file}: {reason}',
    help: 'Connections in the unparsed part of this file are not seen. Fix the syntax or exclude the file.',
  },
  'analysis-failed': {
    severity: 'error',
    message: 'could not analyse {file}: {reason}',
    help: 'Connections in this file are not seen. Exclude it if it is generated code, or report the file to csp-connect.',
  },
  'memory-limit': {
    severity: 'error',
    message: 'stopped before analysing {files} file(s): the JavaScript heap passed the {limit} MB allowed',
    help: 'The directive misses what those files need. Narrow the scan (--include/--exclude), raise --max-memory, or give Node more heap (NODE_OPTIONS=--max-old-space-size=...).',
  },
  'read-error': {
    severity: 'error',
    message: 'could not read {file}: {reason}',
    help: 'The file was skipped. Check its permissions, or exclude it.',
  },
  'binary-file': {
    severity: 'warning',
    message: '{file} looks binary (NUL bytes) and was skipped',
    help: 'Exclude it if it is not source code.',
  },
  'invalid-encoding': {
    severity: 'warning',
    message: '{file} is not valid UTF-8; invalid bytes were replaced before parsing',
    help: 'Save the file as UTF-8 so that every string in it is read as written.',
  },
  'file-too-large': {
    severity: 'warning',
    message: '{file} is {size} bytes, over the {limit}-byte limit, and was skipped',
    help: 'Raise maxFileSize in the config if this file is source that ships to the browser.',
  },
  'unresolved-url': {
    severity: 'warning',
    message: 'the target of {sink} could not be resolved: {reason}',
    help: 'Make the URL a constant the tool can follow, or add the origin it reaches to `allow` in the config.',
  },
  'dynamic-origin': {
    severity: 'warning',
    message: 'the origin of {sink} varies at run time: {value} ({reason})',
    help: 'Only the path may vary for csp-connect to know the origin. Add the possible origins to `allow`.',
  },
  'env-unresolved': {
    severity: 'warning',
    message: 'the environment variable {name} has no value (read: {files})',
    help: 'Define it in the env file of the mode you build (--mode), or pass --env {name}=<value>.',
  },
  'mode-excluded': {
    severity: 'info',
    message:
      '{sink} is not counted: it runs only when {condition} is {expected}, which it is not in mode {mode}',
    help: 'Scan with --mode development (or the mode where it runs) to get that policy.',
  },
  'server-code': {
    severity: 'info',
    message: '{sink} is not counted: {file} is server code ({reason})',
    help: 'Browsers never run this file, so its connections are not the page policy. Exclude server folders to silence this.',
  },
  'worker-context': {
    severity: 'info',
    message: '{sink} runs in a worker ({reason}); the policy served with the worker script governs it',
    help: 'Serve the same connect-src with the worker script, or the page policy does not apply to it (CSP rule A.8).',
  },
  'wildcard-host': {
    severity: 'info',
    message: 'the leading host label of {sink} varies ({value}), so {source} was emitted',
    help: 'The wildcard covers every subdomain. List the exact hosts in `allow` and ignore this finding to be stricter.',
  },
  'dynamic-port': {
    severity: 'info',
    message: 'the port of {sink} varies ({value}), so {source} was emitted',
    help: 'Make the port a constant to get an exact source.',
  },
  'insecure-origin': {
    severity: 'warning',
    message: '{source} is not encrypted ({scheme}:)',
    help: 'An https page cannot reach it anyway (mixed content). Use https:/wss: unless it is local development.',
  },
  'ip-literal': {
    severity: 'warning',
    message: '{source} names an IPv4 address; browsers match it, but CSP Level 3 says it never matches',
    help: 'Prefer a host name.',
  },
  'ipv6-literal': {
    severity: 'warning',
    message:
      '{value} names an IPv6 address, which a CSP source cannot express; the broad {source} was emitted',
    help: 'Prefer a host name: a scheme source allows every host with that scheme.',
  },
  'invalid-url': {
    severity: 'warning',
    message: 'the target of {sink} is not a valid URL: {value} ({reason})',
    help: 'The browser would reject it too; the call never connects.',
  },
  'unsupported-scheme': {
    severity: 'warning',
    message: 'the target of {sink} uses the {scheme}: scheme, which connect-src cannot allow',
    help: 'Browsers refuse this scheme for {sink}; nothing was emitted.',
  },
  'unsafe-source': {
    severity: 'error',
    message: 'refused to emit {source} for {value}: it is not a valid CSP source expression ({reason})',
    help: 'A string in scanned code tried to produce a token that could change the policy. It was dropped.',
  },
  'base-policy-default-src': {
    severity: 'info',
    message: 'the base policy had no connect-src and restricted connections through default-src {value}',
    help: 'The emitted connect-src replaces default-src for connections; its sources were not copied.',
  },
} as const satisfies Record<string, DiagnosticSpec>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;
