import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export const ROOT = path.join(__dirname, '..', '..');
export const AUDIT_FILE = path.join(ROOT, 'test', 'fixtures', 'regex-audit.json');

export interface RegexLiteral {
  where: string;
  source: string;
  flags: string;
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Every regular-expression literal in the shipped sources (server and client), found with TypeScript's parser. */
export function regexLiterals(): RegexLiteral[] {
  const out: RegexLiteral[] = [];
  for (const dir of ['server/src', 'client/src'].map((d) => path.join(ROOT, d))) {
    if (!fs.existsSync(dir)) continue;
    for (const file of files(dir)) {
      const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
          const lit = (node as ts.RegularExpressionLiteral).text;
          const last = lit.lastIndexOf('/');
          const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          out.push({ where: `${path.relative(ROOT, file)}:${line}`, source: lit.slice(1, last), flags: lit.slice(last + 1) });
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
  }
  return out;
}

export const auditKey = (r: { source: string; flags: string }) => `/${r.source}/${r.flags.replace(/[gy]/g, '')}`;

/** The recorded verdicts of recheck, by regex: regenerate with `npm run regex-audit`. */
export function readAudit(): Record<string, string> {
  return fs.existsSync(AUDIT_FILE) ? (JSON.parse(fs.readFileSync(AUDIT_FILE, 'utf8')) as Record<string, string>) : {};
}
