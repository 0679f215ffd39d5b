// Copilot Partner Access on Azure: App Service (Linux, Node 20, several instances, health check on /healthz),
// Key Vault for every secret (the web app reads them through Key Vault references), Azure Database for PostgreSQL
// Flexible Server for shared state, and the Azure Bot with its Microsoft Teams channel.
// Deployed by m365agents.yml (provision) or: az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json
targetScope = 'resourceGroup'

@description('Short suffix making resource names unique, e.g. contoso. Lowercase letters and digits.')
@maxLength(12)
param resourceSuffix string

param location string = resourceGroup().location

@description('App Service plan SKU; P0v3 or larger for production.')
param appServiceSku string = 'P0v3'

@description('How many instances run the bot. State lives in PostgreSQL, so any number works.')
@minValue(1)
param instanceCount int = 2

@description('The bot\'s Entra app registration (client id): the Azure Bot\'s Microsoft App ID.')
param botAppId string

@description('Tenant of the bot\'s single-tenant app registration.')
param botTenantId string = tenant().tenantId

@description('Client secret of the bot\'s app registration (stored in Key Vault only).')
@secure()
param botPassword string

@description('Tenant the bot manages through Graph (customer side: the customer; partner side: the MSSP).')
param graphTenantId string = tenant().tenantId

@description('Client id of the Graph app registration (application permissions).')
param graphClientId string

@description('Client secret of the Graph app, if you do not use a certificate (see docs/deploy.md). Empty: certificate.')
@secure()
param graphClientSecret string = ''

@description('Path of the Graph certificate (PEM with key) inside the web app, when a certificate is used.')
param graphCertificatePath string = ''

@description('Entra group whose members approve requests.')
param approverGroupId string

@description('Entra group whose members administer the bot.')
param adminGroupId string

@description('Comma-separated partner (MSSP) email domains.')
param partnerDomains string = ''

@description('Comma-separated partner tenant ids.')
param partnerTenantIds string = ''

@description('true only in the deployment that runs in the MSSP\'s own tenant.')
param gdapPartner bool = false

@description('Administrator login of the PostgreSQL server.')
param postgresAdminLogin string = 'cpaadmin'

@description('Administrator password of the PostgreSQL server (stored in Key Vault only).')
@secure()
param postgresAdminPassword string

var name = 'cpa-${resourceSuffix}'
var databaseName = 'copilot_partner_access'
var useGraphSecret = !empty(graphClientSecret)

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${name}'
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bot-password'
  properties: { value: botPassword }
}

resource graphSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (useGraphSecret) {
  parent: vault
  name: 'graph-client-secret'
  properties: { value: graphClientSecret }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2023-12-01-preview' = {
  name: 'psql-${name}'
  location: location
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32 }
    backup: { backupRetentionDays: 14, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2023-12-01-preview' = {
  parent: postgres
  name: databaseName
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// 0.0.0.0 - 0.0.0.0 is Azure's rule for "services inside Azure"; use VNet integration for a private setup.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2023-12-01-preview' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: {
    value: 'postgres://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=require'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'plan-${name}'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku, capacity: instanceCount }
  properties: { reserved: true }
}

// App settings that hold secrets are Key Vault references, resolved by App Service with the web app's identity.
var kvRef = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName='

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-${name}'
  location: location
  kind: 'app,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'node dist/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      appSettings: concat(
        [
          { name: 'HOST', value: '0.0.0.0' }
          { name: 'WEBSITE_NODE_DEFAULT_VERSION', value: '~20' }
          { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
          { name: 'BOT_ID', value: botAppId }
          { name: 'BOT_TENANT_ID', value: botTenantId }
          { name: 'BOT_TYPE', value: 'SingleTenant' }
          { name: 'BOT_PASSWORD', value: '${kvRef}${botPasswordSecret.name})' }
          { name: 'GRAPH_TENANT_ID', value: graphTenantId }
          { name: 'GRAPH_CLIENT_ID', value: graphClientId }
          { name: 'DATABASE_URL', value: '${kvRef}${databaseUrlSecret.name})' }
          { name: 'APPROVER_GROUP_ID', value: approverGroupId }
          { name: 'ADMIN_GROUP_ID', value: adminGroupId }
          { name: 'PARTNER_DOMAINS', value: partnerDomains }
          { name: 'PARTNER_TENANT_IDS', value: partnerTenantIds }
          { name: 'GDAP_PARTNER', value: string(gdapPartner) }
          { name: 'LOCAL_TENANT', value: 'false' }
        ],
        useGraphSecret
          ? [{ name: 'GRAPH_CLIENT_SECRET', value: '${kvRef}graph-client-secret)' }]
          : [{ name: 'GRAPH_CERTIFICATE_PATH', value: graphCertificatePath }]
      )
    }
  }
  dependsOn: [graphSecret]
}

// The web app reads secrets (Key Vault Secrets User), nothing more.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, web.id, 'secrets-user')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: web.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${name}'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'Copilot Partner Access'
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

output BOT_DOMAIN string = web.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${web.properties.defaultHostName}/api/messages'
output AZURE_WEB_APP_RESOURCE_ID string = web.id
output KEY_VAULT_NAME string = vault.name
