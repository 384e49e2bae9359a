declare module 'natural/lib/natural/stemmers/porter_stemmer_sv' {
  const stemmer: { stem(word: string): string };
  export = stemmer;
}
