import type { RealmApi } from '../api/client';
import type { PolicyDocument, Profile } from '../api/types';

export interface PolicyAndProfiles {
  policy: PolicyDocument;
  profiles: Profile[];
}

/** The realm's policy and the product profiles (without profiles the console allows every mode). */
export async function loadPolicy(api: RealmApi): Promise<PolicyAndProfiles> {
  const [policy, profiles] = await Promise.all([api.policy(), api.profiles().catch(() => [] as Profile[])]);
  return { policy, profiles };
}
