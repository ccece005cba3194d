// The public API: analyze(), render(), defineConfig() and the types. Nothing else is public.

export { defineConfig, type UserConfig } from './config/index.js';
export { type AnalyzeOptions, analyze, type IgnoreRule } from './pipeline.js';
export { FORMATS, type Format, RenderError, type RenderOptions, render } from './report/index.js';
export type {
  Diagnostic,
  Directive,
  Finding,
  Location,
  Report,
  ReportStats,
  Severity,
  SinkKind,
  SourceEntry,
  TraceStep,
  ValueKind,
} from './types.js';
