import type { ApiKeyRecord, IssuedKey } from '../../domain/access/index.js';
import type { ApiKey, ApiKeyWithSecret } from '../../schemas/access.js';

/** A key as listed: never its secret nor its hash. */
export const apiKeyView = (key: ApiKeyRecord): ApiKey => ({ id: key.keyId, name: key.name, roles: key.roles, createdAt: key.createdAt });

/** A key just issued: the only response that carries the secret. */
export const issuedKeyView = (issued: IssuedKey): ApiKeyWithSecret => ({ ...apiKeyView(issued.record), key: issued.secret });
