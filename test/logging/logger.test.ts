import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/services/logging/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

describe('logger', () => {
  it('writes structured JSON lines', () => {
    const { logger, lines } = capture();
    logger.info({ requestId: 'r-1' }, 'hello');
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 30,
      msg: 'hello',
      requestId: 'r-1',
      app: 'copilot-partner-access',
    });
  });

  it('redacts authorization headers, tokens and secrets wherever they sit', () => {
    const { logger, lines } = capture();
    logger.warn(
      {
        headers: { authorization: 'Bearer abc.def.ghi' },
        config: { clientSecret: 'hunter2', appPassword: 'pw-123' },
        token: 'tok-456',
        graph: { accessToken: 'at-789' },
      },
      'request',
    );
    const line = lines.join('');
    for (const secret of ['abc.def.ghi', 'hunter2', 'pw-123', 'tok-456', 'at-789']) expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
  });

  it('cuts bearer tokens and JWTs out of free text', () => {
    const text = scrubSecrets(
      'failed: Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig and eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig2',
    );
    expect(text).not.toContain('eyJ');
    expect(text).toContain('Bearer [redacted]');
  });
});
