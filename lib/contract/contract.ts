/** The contract as one object: the OpenAPI document, its validator for a profile, the catalogue. */
import type { ProfileName } from '../profiles';
import { loadCatalogue, type Catalogue } from '../requirements';
import { loadOpenApiDocument, type OpenApiDocument } from './openapi-document';
import { ResponseValidator } from './response-validator';

export interface Contract {
  profile: ProfileName;
  document: OpenApiDocument;
  validator: ResponseValidator;
  catalogue: Catalogue;
}

export function loadContract(profile: ProfileName): Contract {
  const document = loadOpenApiDocument();
  return { profile, document, validator: new ResponseValidator(document, profile), catalogue: loadCatalogue() };
}
