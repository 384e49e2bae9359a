declare module 'natural/lib/natural/stemmers/porter_stemmer_sv' {
  const stemmer: { stem(word: string): string };
  export = stemmer;
}

declare module 'lunr-languages/lunr.stemmer.support' {
  const plugin: (lunr: unknown) => void;
  export = plugin;
}

declare module 'lunr-languages/lunr.sv' {
  const plugin: (lunr: unknown) => void;
  export = plugin;
}
