/** Typed knowledge entries, as loaded from knowledge/. */

export interface Section {
  /** Stable id, from `{#id}` after the heading. */
  id: string;
  heading: string;
  text: string;
  pageId: string;
  file: string;
  line: number;
}

export interface Page {
  id: string;
  file: string;
  title: string;
  url: string;
  /** When the source page was published, as the page states it ("2022" or a date). */
  published: string;
  /** When we last checked our copy against the source (YYYY-MM-DD). */
  reviewed: string;
  owner: string;
  /** Companies and bodies known by name (front matter `actors`): an answer naming one says who acted. */
  actors?: string[];
  sections: Section[];
}

export interface FaqEntry {
  id: string;
  question: string;
  alternates: string[];
  answer: string;
  /** Section id of the page that backs the answer. */
  section: string;
  reviewed: string;
  file: string;
  /** Line of the entry's `- id:`. */
  line: number;
  /** Line of each field, so that an error points at the field, not the entry. */
  lines?: Record<string, number>;
  /** Line of each alternate, in order. */
  alternateLines?: number[];
  /** Line of each id under `related`, in order. */
  relatedLines?: number[];
  /**
   * Ids of the entries whose questions usually come next (`related:` in the file), offered first as follow-up
   * questions under this entry's answer; entries of the same section fill up the rest.
   */
  related?: string[];
  /** `example: true` in the file: the bot offers this question as an example of what to ask, in file order. */
  example?: true;
  /** Set while loading when the entry has errors; such entries never reach the knowledge base. */
  invalid?: true;
}

/** A question that should not be answered (knowledge/utanfor.yaml): kept so the bot keeps declining it. */
export interface OutOfScopeExample {
  question: string;
  /** When a communicator added it (YYYY-MM-DD). */
  added: string;
  file: string;
  line: number;
}

/** A passage imported from a JSON Lines file. */
export interface Passage {
  id: string;
  title: string;
  text: string;
  url: string;
  file: string;
  line: number;
}

export interface GuardLists {
  clinical: string[];
  /**
   * A question about a particular patient is clinical: it names one of `words` (patienten, pat, barnet …) together
   * with a detail that singles a person out: one of `details` (sal, säng, kg, årig …), a number, or a name. A name
   * from `names` (common first names, any case) with an age, a room or a bed is one too, without a patient word.
   * `wordNames` are first names that are also ordinary words (Per, Bo, Jan): never read by the guard ("per 2 år"),
   * only by redaction and the console's phrasing check, and there only when written as a name. `diagnoses`
   * (diabetes, KOL, stroke …, and phrases of several words: "gått bort") are health data: a single name beside one is
   * a patient's ("Andersson har KOL"). `stems` (blöd, smitt, infekt …) are health words in every form and compound,
   * found anywhere in a word ("blöder", "smittsam", "trycksårsskada"). `wordSurnames` are common surnames that are
   * also Swedish words (Björk, Berg, Lind): never kept in what is stored of a text about someone's health.
   */
  patient: {
    words: string[];
    groups?: string[];
    details: string[];
    names: string[];
    wordNames?: string[];
    wordSurnames?: string[];
    diagnoses?: string[];
    stems?: string[];
  };
  /**
   * Names of systems, hospitals, units and places staff write that the fact page does not ("Melior", "Sahlgrenska",
   * "Östra"): never a person's, so redaction and the phrasing check leave them, as they leave the knowledge's words.
   */
  properNouns?: string[];
  smalltalk: { greeting: string[]; thanks: string[]; help: string[] };
}

/** What frames a question in a chat message (knowledge/chat.yaml): removed before the question is ranked. */
export interface ChatLists {
  greetings: string[];
  closings: string[];
  openers: string[];
  /** Openings of sentences about the writer or the situation: context, never the question. */
  about?: string[];
}

/** English words staff mix in, mapped to the knowledge's Swedish words (knowledge/engelska.yaml). */
export interface EnglishLists {
  words: Record<string, string>;
  ignore: string[];
}

export interface KnowledgeBase {
  dir: string;
  pages: Page[];
  faq: FaqEntry[];
  passages: Passage[];
  synonyms: string[][];
  guard: GuardLists;
  /** Questions communicators marked "Ska inte besvaras". */
  outOfScope: OutOfScopeExample[];
  /** Greetings, sign-offs and openers around a question; none when the folder has no chat.yaml. */
  chat?: ChatLists;
  /** English lexicon; none when the folder has no engelska.yaml. */
  english?: EnglishLists;
  /** General Swedish (lexikon/ordlista.txt and lexikon/synonymer.txt); none when the folder has no lexikon/. */
  lexicon?: { words: string; synonyms: string; classes?: string };
}
