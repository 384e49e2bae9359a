/** The values Slack sends back to a listener: the clicked button's, a modal's inputs and our own metadata. */
import type { SlackActionMiddlewareArgs } from '@slack/bolt';

/** The value of the clicked button; '' when there is none. */
export function buttonValue(body: SlackActionMiddlewareArgs['body']): string {
  const action = 'actions' in body ? body.actions[0] : undefined;
  return action && 'value' in action && typeof action.value === 'string' ? action.value : '';
}

/** The block the clicked button sits in; '' when there is none. */
export function buttonBlock(body: SlackActionMiddlewareArgs['body']): string {
  const action = 'actions' in body ? (body.actions[0] as { block_id?: unknown } | undefined) : undefined;
  return typeof action?.block_id === 'string' ? action.block_id : '';
}

/** The text of one input in a submitted modal; '' when it is missing or not text. */
export function inputValue(view: { state?: { values?: unknown } }, block: string, action: string): string {
  const values = view.state?.values as Record<string, Record<string, { value?: unknown }> | undefined> | undefined;
  const v = values?.[block]?.[action]?.value;
  return typeof v === 'string' ? v : '';
}

/** A JSON object we put in a modal's private_metadata or a button's value; anything else reads as empty. */
export function metadata(text: string | undefined): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
