/**
 * Slack's markup in a message, read out: what a Slack message asks, as plain text. The port cleans the text first
 * (clean.ts) and then calls this once, so a Slack question is cleaned once on its way in.
 */

/**
 * Text longer than this is no question: it is passed on unchanged, and the engine refuses it as too long (its
 * clinical guard and the redaction before storing read all of it, in linear time). Slack allows 40,000 characters.
 */
export const MAX_SLACK_TEXT = 4000;

/**
 * Slack's markup in cleaned message text -> plain question: mentions dropped, links and channel names as text,
 * entities decoded, runs of space as one. Every pattern stops at the next "<" or ">", so no input makes it scan the
 * rest of the text again from each position (`<@A|` repeated 10,000 times took 0.8 s with `[^>]*`). It reads
 * cleaned text: on raw text `\s` would turn a BOM inside a number into a gap, where cleaning removes it.
 */
export function readSlackText(cleaned: string): string {
  if (cleaned.length > MAX_SLACK_TEXT) return cleaned;
  return cleaned
    .replace(/<@[A-Z0-9]+(?:\|[^<>]*)?>/g, ' ')
    .replace(/<#[A-Z0-9]+\|([^<>]*)>/g, '#$1')
    .replace(/<(?:https?|mailto):[^<>|]+\|([^<>]+)>/g, '$1')
    .replace(/<((?:https?|mailto):[^<>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
