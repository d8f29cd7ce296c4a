/**
 * API.md is generated from the JSDoc of the public surface; this keeps that
 * JSDoc complete: every exported type, every prop and every public member
 * has a description, and every optional prop says its `@default`.
 */
/* eslint-disable no-bitwise -- TypeScript's SymbolFlags and ModifierFlags are bit sets */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');

interface Gap {
  readonly where: string;
  readonly missing: string;
}

function publicSurfaceGaps(): Gap[] {
  const program = ts.createProgram([path.join(ROOT, 'src', 'index.ts')], {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, skipLibCheck: true, types: [],
  });
  const checker = program.getTypeChecker();
  const index = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, 'src', 'index.ts'))!)!;
  const gaps: Gap[] = [];
  const describe = (symbol: ts.Symbol, where: string, needsDefault: boolean) => {
    if (ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() === '') {
      gaps.push({ where, missing: 'a description' });
    }
    if (needsDefault && !symbol.getJsDocTags(checker).some((tag) => tag.name === 'default')) {
      gaps.push({ where, missing: '@default' });
    }
  };
  for (const exported of checker.getExportsOfModule(index)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    describe(symbol, symbol.name, false);
    const declaration = symbol.declarations?.[0];
    if (declaration === undefined) {
      continue;
    }
    if (ts.isInterfaceDeclaration(declaration)) {
      for (const member of checker.getDeclaredTypeOfSymbol(symbol).getProperties()) {
        const optional = (member.flags & ts.SymbolFlags.Optional) !== 0;
        describe(member, `${symbol.name}.${member.name}`, optional && !symbol.name.startsWith('I'));
      }
    } else if (ts.isClassDeclaration(declaration)) {
      for (const element of declaration.members) {
        const modifiers = ts.getCombinedModifierFlags(element);
        const name = element.name && ts.isIdentifier(element.name) ? element.name.text : undefined;
        if (name === undefined || name.startsWith('_') || modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)
          || ts.isConstructorDeclaration(element)) {
          continue;
        }
        const memberSymbol = (element as ts.NamedDeclaration & { symbol?: ts.Symbol }).symbol;
        if (memberSymbol !== undefined) {
          describe(memberSymbol, `${symbol.name}.${name}`, false);
        }
      }
    } else if (ts.isEnumDeclaration(declaration)) {
      for (const member of declaration.members) {
        const memberSymbol = checker.getSymbolAtLocation(member.name);
        if (memberSymbol !== undefined) {
          describe(memberSymbol, `${symbol.name}.${member.name.getText()}`, false);
        }
      }
    }
  }
  return gaps;
}


test('every public type, prop and member is documented, and every optional prop has @default', () => {
  expect(publicSurfaceGaps().map((g) => `${g.where}: missing ${g.missing}`)).toEqual([]);
}, 60_000);

/**
 * The anchors API.md must have for the public surface of src/: each exported
 * class, interface and enum, each prop of an interface (inherited ones too,
 * as jsii-docgen lists them) and each enum member.
 */
function expectedAnchors(): { types: string[]; members: string[] } {
  const program = ts.createProgram([path.join(ROOT, 'src', 'index.ts')], {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, skipLibCheck: true, types: [],
  });
  const checker = program.getTypeChecker();
  const index = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, 'src', 'index.ts'))!)!;
  const types: string[] = [];
  const members: string[] = [];
  for (const exported of checker.getExportsOfModule(index)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    const isType = declaration !== undefined
      && (ts.isInterfaceDeclaration(declaration) || ts.isClassDeclaration(declaration) || ts.isEnumDeclaration(declaration));
    if (!isType) {
      continue;
    }
    types.push(symbol.name);
    if (ts.isInterfaceDeclaration(declaration)) {
      members.push(...checker.getDeclaredTypeOfSymbol(symbol).getProperties()
        .map((p) => (p.flags & ts.SymbolFlags.Method ? `${symbol.name}.${p.name}` : `${symbol.name}.property.${p.name}`)));
    } else if (ts.isEnumDeclaration(declaration)) {
      members.push(...declaration.members.map((m) => `${symbol.name}.${m.name.getText()}`));
    }
  }
  return { types: types.sort(), members };
}

test('API.md is current: it has exactly the public types of src/, and every interface prop and enum member (run `npx projen docgen` after changing them)', () => {
  const api = fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8');
  const anchors = new Set([...api.matchAll(/ id="projen-docker-ci\.([^"]+)"/g)].map((m) => m[1]));
  const { types, members } = expectedAnchors();
  expect([...anchors].filter((a) => !a.includes('.')).sort()).toEqual(types);
  expect(members.filter((m) => !anchors.has(m))).toEqual([]);
}, 60_000);
