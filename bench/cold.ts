/**
 * Cold start of a peer, for comparison with `faq ask`: process start, load lunr, build the index over our
 * knowledge, answer one question, print, exit. Usage: node dist/bench/cold.js lunr|lunr+sv|minisearch "fråga"
 */
import { loadKnowledge } from '../src/knowledge/load';
import { Peer, type PeerName } from './peers';
import { knowledgeDocs } from './systems';

const [name, question] = process.argv.slice(2) as [PeerName, string];
const { kb } = loadKnowledge(process.env.KNOWLEDGE_DIR || 'knowledge');
const docs = knowledgeDocs(kb);
const top = new Peer(name, docs).rank(question, 1)[0];
process.stdout.write(`${JSON.stringify({ question, answer: docs.find((d) => d.id === top?.id)?.answer ?? null })}\n`);
