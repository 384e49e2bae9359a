export async function runBench(_argv: string[], out: NodeJS.WritableStream): Promise<number> {
  out.write('todo\n');
  return 0;
}
