import { pickPartnerGuest } from '../access/partner-account';
import type { DirectoryService } from '../directory/directory-service';
import type { FieldProblem } from './validate-request';
import type { PartnerPerson } from './types';

/**
 * The partner-guest rule of provisioning (partner-account.ts), asked of Graph while the requester reviews the form:
 * a person whose address is already held by an account the bot would refuse (a member of this organisation, or a
 * guest whose own address is another) is named before the request reaches approvers, who could not grant it.
 */
export class ExistingAccountCheck {
  constructor(private readonly directory: Pick<DirectoryService, 'usersByEmail'>) {}

  /** `indexes`: the people to check (those whose domain is already known to be a partner's). */
  async problems(people: readonly PartnerPerson[], indexes: readonly number[]): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    for (const i of indexes) {
      const email = people[i].email;
      const picked = pickPartnerGuest(await this.directory.usersByEmail(email), email);
      if (picked && 'reason' in picked)
        problems.push({
          field: `people[${i}].email`,
          message: `Person ${i + 1}: ${picked.reason} Approvers could not grant this: use the person's own work address, or ask an admin to remove it from that account's other email addresses.`,
        });
    }
    return problems;
  }
}
