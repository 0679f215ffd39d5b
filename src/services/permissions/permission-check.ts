import {
  enabledFeatures,
  missingPermissions,
  type FeatureId,
  type FeatureSettings,
  type MissingPermission,
} from './feature-permissions';

export interface PermissionLogger {
  warn(o: object, msg?: string): void;
  info(o: object, msg?: string): void;
}

/**
 * The start-up self-check: reads the application permissions the app was granted (the `roles` claim of its app-only
 * Graph token) and compares them with what the enabled features need. A feature that cannot work then says so in
 * chat instead of failing in a person's face, and /readyz lists what is missing.
 */
export class PermissionCheck {
  private missing: MissingPermission[] = [];
  private checked = false;

  constructor(
    private readonly o: {
      /** An app-only access token for Graph (client credentials). */
      readonly token: () => Promise<string>;
      readonly settings: FeatureSettings;
      readonly logger: PermissionLogger;
    },
  ) {}

  /** Runs once at start-up; logs what is missing once. A token that cannot be had is a failure of start-up. */
  async run(): Promise<readonly MissingPermission[]> {
    const granted = rolesOf(await this.o.token());
    this.missing = missingPermissions(enabledFeatures(this.o.settings), granted);
    this.checked = true;
    if (this.missing.length > 0)
      this.o.logger.warn(
        { missing: this.missing.map((m) => `${m.permission} (${m.feature.name})`) },
        'the Graph app lacks permissions some enabled features need; those features are off until an admin grants them',
      );
    else this.o.logger.info({ granted: granted.length }, 'Graph application permissions cover every enabled feature');
    return this.missing;
  }

  get hasRun(): boolean {
    return this.checked;
  }

  /** The missing permission names, for /readyz. */
  missingNames(): string[] {
    return [...new Set(this.missing.map((m) => m.permission))];
  }

  /** A sentence for chat when a feature cannot work ("Invitations are off: …"), or undefined when it can. */
  unavailable(feature: FeatureId): string | undefined {
    const lacking = this.missing.filter((m) => m.feature.id === feature);
    if (lacking.length === 0) return undefined;
    const list = lacking.map((m) => m.permission).join(' and ');
    return `${lacking[0].feature.off}: the app lacks ${list}. Ask an admin to grant it to the bot's app registration in Microsoft Entra (docs/permissions.md says why it is needed).`;
  }
}

/**
 * The `roles` claim of a JWT access token. The token came straight from the identity platform over TLS and only its
 * claims are read (nothing is authorised on it here), so the signature is not verified.
 */
export function rolesOf(token: string): string[] {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('rolesOf(): the access token is not a JWT');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown };
  return Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
}
