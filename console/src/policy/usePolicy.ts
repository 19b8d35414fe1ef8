import { useEffect, useState } from 'react';
import type { RealmApi } from '../api/client';
import type { PolicyDocument, Profile } from '../api/types';
import { useLoad } from '../components/useLoad';
import { toForm, type PolicyForm } from './form';

export interface PolicyAndProfiles {
  policy: PolicyDocument;
  profiles: Profile[];
}

/** The realm's policy and the product profiles (without profiles the console allows every mode). */
export async function loadPolicy(api: RealmApi): Promise<PolicyAndProfiles> {
  const [policy, profiles] = await Promise.all([api.policy(), api.profiles().catch(() => [] as Profile[])]);
  return { policy, profiles };
}

/**
 * The realm's policy and profiles, and a form holding the policy, set again whenever the policy is loaded (the
 * pages that edit it: Policy, Group mappings).
 */
export function usePolicyForm(api: RealmApi) {
  const loaded = useLoad(() => loadPolicy(api), [api]);
  const [form, setForm] = useState<PolicyForm | null>(null);
  useEffect(() => {
    if (loaded.data) {
      setForm(toForm(loaded.data.policy));
    }
  }, [loaded.data]);
  return { loaded, form, setForm };
}
