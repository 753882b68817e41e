// GitHub Actions workflow commands (`::error file=...,title=...::message`): the escaping the runner undoes, one line per command.

/**
 * The runner splits a command line at the first `::` after the name and its properties at `,` and the
 * first `=`, then undoes `%0D`, `%0A` (and in properties `%3A`, `%2C`) before `%25`
 * (actions/runner ActionCommand.cs, actions/toolkit core/src/command.ts). `%` is escaped first so
 * that a literal `%0A` in the text survives the round trip.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value additionally may not hold `:` (it would end the properties) or `,` (it would start the next one). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** Properties an annotation takes (docs: "Setting an error message"), in the order they are written. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  line?: number;
}

/** One workflow command line, without the newline. Empty property values are left out: the runner would drop them anyway. */
export function workflowCommand(level: AnnotationLevel, properties: AnnotationProperties, message: string): string {
  const props: string[] = [];
  if (properties.file) props.push(`file=${escapeProperty(properties.file)}`);
  if (properties.line !== undefined) props.push(`line=${properties.line}`);
  if (properties.title) props.push(`title=${escapeProperty(properties.title)}`);
  return `::${level}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}
