/**
 * Payload rules the platforms enforce, checked offline on what the bots send: Block Kit limits for Slack messages
 * and modals, and Adaptive Card 1.5 validity for Teams cards (parsed and validated by Microsoft's own adaptivecards
 * library, with its unknown-element and duplicate-id checks).
 */
import { createRequire } from 'node:module';

// The package's "main" is an ES module build with extensionless imports; its UMD bundle loads in Node.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

type Json = Record<string, unknown>;

/** Problems with a Slack message's or modal's blocks (empty when none). */
export function blockKitProblems(payload: { text?: unknown; blocks?: unknown; view?: unknown }): string[] {
  const problems: string[] = [];
  const view = payload.view as Json | undefined;
  const blocks = ((view ? view.blocks : payload.blocks) ?? []) as Json[];
  if (typeof payload.text === 'string' && payload.text.length > 40_000) problems.push('text over 40,000 characters');
  if (blocks.length > (view ? 100 : 50)) problems.push(`${blocks.length} blocks`);
  if (view) {
    for (const k of ['title', 'submit', 'close'] as const) {
      const t = (view[k] as { text?: string } | undefined)?.text;
      if (t !== undefined && t.length > 24) problems.push(`modal ${k} over 24 characters: ${t}`);
    }
    if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) problems.push('private_metadata over 3,000');
    if (typeof view.callback_id === 'string' && view.callback_id.length > 255) problems.push('callback_id over 255');
  }
  const actionIds = new Set<string>();
  const blockIds = new Set<string>();
  const text = (t: unknown, max: number, where: string) => {
    const s = (t as { text?: string } | undefined)?.text;
    if (typeof s === 'string' && (s.length > max || s.length === 0)) problems.push(`${where}: text length ${s.length} (1..${max})`);
  };
  const element = (e: Json, where: string) => {
    if (typeof e.action_id === 'string') {
      if (actionIds.has(e.action_id)) problems.push(`duplicate action_id ${e.action_id}`);
      actionIds.add(e.action_id);
      if (e.action_id.length > 255) problems.push(`action_id over 255: ${e.action_id}`);
    }
    if (e.type === 'button') {
      text(e.text, 75, `${where} button`);
      if (typeof e.value === 'string' && e.value.length > 2000) problems.push(`${where} button value over 2,000`);
    }
    if (e.type === 'feedback_buttons') {
      for (const k of ['positive_button', 'negative_button'] as const) {
        const b = e[k] as { text?: { type?: string }; value?: unknown; accessibility_label?: unknown } | undefined;
        if (!b) problems.push(`${where}: feedback_buttons without ${k}`);
        else {
          if (b.text?.type !== 'plain_text') problems.push(`${where} ${k}: text not plain_text`);
          text(b.text, 75, `${where} ${k}`);
          if (typeof b.value !== 'string' || b.value.length === 0 || b.value.length > 2000)
            problems.push(`${where} ${k}: value (1..2,000)`);
          if (typeof b.accessibility_label === 'string' && b.accessibility_label.length > 75)
            problems.push(`${where} ${k}: accessibility_label over 75`);
        }
      }
    }
    if (e.type === 'plain_text_input') {
      if (typeof e.initial_value === 'string' && typeof e.max_length === 'number' && e.initial_value.length > e.max_length)
        problems.push(`${where}: initial_value longer than max_length`);
      if (typeof e.max_length === 'number' && e.max_length > 3000) problems.push(`${where}: max_length over 3,000`);
    }
  };
  for (const b of blocks) {
    const where = `block ${String(b.block_id ?? b.type)}`;
    if (typeof b.block_id === 'string') {
      if (blockIds.has(b.block_id)) problems.push(`duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    if (b.type === 'section') text(b.text, 3000, where);
    if (b.type === 'header') text(b.text, 150, where);
    if (b.type === 'input') {
      text(b.label, 2000, `${where} label`);
      element(b.element as Json, where);
    }
    if (b.type === 'context') for (const e of (b.elements ?? []) as Json[]) text(e, 3000, `${where} element`);
    if (b.type === 'context_actions') {
      // Only feedback and icon buttons, at most five.
      const elements = (b.elements ?? []) as Json[];
      if (elements.length === 0 || elements.length > 5) problems.push(`${where}: ${elements.length} elements (1..5)`);
      for (const e of elements) {
        if (e.type !== 'feedback_buttons' && e.type !== 'icon_button') problems.push(`${where}: ${String(e.type)} in context_actions`);
        element(e, where);
      }
    }
    if (b.type === 'actions') {
      const elements = (b.elements ?? []) as Json[];
      if (elements.length > 25) problems.push(`${where}: ${elements.length} elements`);
      for (const e of elements) element(e, where);
    }
  }
  return problems;
}

/** Problems with an Adaptive Card (empty when none): not version 1.5, unknown elements or actions, duplicate ids. */
export function adaptiveCardProblems(content: Json): string[] {
  const problems: string[] = [];
  if (content.type !== 'AdaptiveCard') problems.push('not an AdaptiveCard');
  if (content.version !== '1.5') problems.push(`version ${String(content.version)}, not 1.5`);
  const card = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(content, ctx);
  for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  for (const e of card.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}
