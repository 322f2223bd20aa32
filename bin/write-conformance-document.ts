/** `npm run conformance:document`: regenerates conformance.md from the catalogue and the tests. */
import { writeFileSync } from 'node:fs';
import { loadCatalogue } from '../lib/requirements';
import { CONFORMANCE_DOCUMENT, listConformanceTests, renderConformanceDocument } from './conformance-document';

writeFileSync(CONFORMANCE_DOCUMENT, renderConformanceDocument(loadCatalogue(), listConformanceTests()));
process.stdout.write(`wrote ${CONFORMANCE_DOCUMENT}\n`);
