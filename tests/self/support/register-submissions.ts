/**
 * Bundles for the register's self-test, one product version each: PRODUCT.yaml names the product
 * and version given, and claims the run's own target and profile (a loopback mock, so bundled with
 * allowPrivateTarget, as `bundle --allow-private-target` does). ./certification-bundles' bundleOf
 * claims one fixed product; a register needs several.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { readReport, writeBundle } from '../../../certification/write-bundle';
import { VENDOR, type Signer } from './certification-bundles';

/** A bundle of the run in `reportDir` as `product` `version` of VENDOR, signed by `signer` (none: unsigned). */
export function productVersionBundle(dir: string, name: string, signer: Signer | undefined, submission: { product: string; version: string; reportDir: string }): string {
  const report = readReport(submission.reportDir);
  const productFile = join(dir, `${name}.PRODUCT.yaml`);
  const product = { vendor: VENDOR, product: submission.product, version: submission.version, deployment: report.target.baseUrl, profile: report.profile, contact: 'certification@example.net' };
  writeFileSync(productFile, stringify(product));
  const out = join(dir, name);
  writeBundle({ out, reportDir: submission.reportDir, productFile, signKeyFile: signer?.privateKeyFile, allowPrivateTarget: true });
  return out;
}
