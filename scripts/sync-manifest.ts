import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationContribution } from './manifest';

const file = join(__dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
pkg.contributes.configuration = configurationContribution();
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: contributes.configuration has ${Object.keys(pkg.contributes.configuration.properties).length} settings`);
