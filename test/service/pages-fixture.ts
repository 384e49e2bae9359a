/** Pages for the "Sidor" tests, made in the test: the facts on them are invented. */

/** An HTML page as a region's site has it: navigation, the article with its date and sections, a footer. */
export function pageHtml(title: string, sections: [string, string][], published = 'Publicerad: 2025-03-14'): string {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${title} - Västra Götalandsregionen</title></head>
<body><header><nav><ul><li><a href="/">Start</a></li><li><a href="/om">Om regionen</a></li><li><a href="/jobb">Jobba hos oss</a></li></ul></nav></header>
<main><article><h1>${title}</h1><p>${published}</p>
${sections.map(([h, t]) => `<h2>${h}</h2>\n<p>${t}</p>`).join('\n')}
</article></main>
<footer><p>Västra Götalandsregionen, Regionens hus. Kakor och personuppgifter.</p></footer></body></html>`;
}
