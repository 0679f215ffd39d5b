import {
  CallerIdConstants,
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Config } from '../config';

/**
 * The settings ConfigurationBotFrameworkAuthentication reads. With a token-validation override, botbuilder takes
 * every "parameterized" setting as given, so the public-cloud values are spelled out and only the metadata URL and
 * issuer replaced. Emulator-style tokens are checked against the same local keys, so nothing goes online.
 */
export function botAuthSettings(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  const base = {
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  };
  const override = config.bot.tokenValidation;
  if (!override) return base;
  const metadataUrl = override.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
  return {
    ...base,
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
    ToBotFromChannelTokenIssuer: override.issuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
  };
}

/** Errors jsonwebtoken throws for a bad token (bad signature, `alg: none`, not yet valid). */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botframework-connector rethrows some token failures (a forged signature, `alg: none`, `nbf` in the future) as
 * they come from jsonwebtoken, and CloudAdapter answers anything but an AuthenticationError with 500. A bad token is
 * the caller's fault: 401.
 */
export class TokenCheckingAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(settings: ConfigurationBotFrameworkAuthenticationOptions) {
    super(settings);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && TOKEN_ERRORS.has(error.name))
        throw new AuthenticationError(`Unauthorized. ${error.message}`, StatusCodes.UNAUTHORIZED);
      throw error;
    }
  }
}
