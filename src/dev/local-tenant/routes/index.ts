import type { Route } from '../route-types';
import { batchRoutes } from './batch';
import { gdapRoutes } from './gdap';
import { gdapAccessRoutes } from './gdap-access';
import { groupRoutes } from './groups';
import { invitationRoutes } from './invitations';
import { organizationRoutes } from './organization';
import { pimRoutes } from './pim';
import { roleRoutes } from './roles';
import { tenantInfoRoutes } from './tenant-info';
import { transitiveMemberRoutes } from './transitive-members';
import { userRoutes } from './users';

/** Every Graph route the simulated tenant answers, relative to /v1.0 (or /beta). */
export const GRAPH_ROUTES: readonly Route[] = [
  ...userRoutes,
  ...invitationRoutes,
  ...roleRoutes,
  ...pimRoutes,
  ...groupRoutes,
  ...transitiveMemberRoutes,
  ...organizationRoutes,
  ...tenantInfoRoutes,
  ...gdapRoutes,
  ...gdapAccessRoutes,
  ...batchRoutes,
];
