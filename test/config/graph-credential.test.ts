import { ClientCertificateCredential, ClientSecretCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { graphCredentialFor } from '../../src/app';
import { createGraphCredential } from '../../src/services/graph/graph-client';

const ids = { tenantId: '06ada22e-cdb9-47a5-929d-963ebb2cda7c', clientId: '3f0e1a52-7a34-4d1c-9a55-0b8f5f0c1e11' };

describe('Graph credential', () => {
  it('prefers a certificate, falls back to a secret, and gives none for the local tenant', () => {
    expect(createGraphCredential({ ...ids, certificatePath: '/etc/ssl/certs/ca-certificates.crt' })).toBeInstanceOf(
      ClientCertificateCredential,
    );
    expect(createGraphCredential({ ...ids, clientSecret: 's' })).toBeInstanceOf(ClientSecretCredential);
    expect(createGraphCredential({})).toBeUndefined();
    expect(createGraphCredential({ tenantId: ids.tenantId })).toBeUndefined();
  });
});

describe('Graph credential in local mode', () => {
  it('is never built while the local tenant is on, whatever else the config carries', () => {
    const config = parseConfig({});
    const tampered = {
      ...config,
      graph: { ...config.graph, ...ids, clientSecret: 's', certificatePath: '/etc/ssl/certs/ca-certificates.crt' },
    };
    expect(graphCredentialFor(tampered)).toBeUndefined();
    expect(graphCredentialFor({ ...tampered, localTenant: { ...config.localTenant, enabled: false } })).toBeInstanceOf(
      ClientCertificateCredential,
    );
  });
});
