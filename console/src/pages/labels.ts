import type { MessageKey } from '../i18n/i18n';

export function modeLabelKey(mode: string): MessageKey {
  switch (mode) {
    case 'jit':
      return 'mode.jit';
    case 'scim':
      return 'mode.scim';
    default:
      return 'mode.manual';
  }
}

export function syncStateKey(state: string): MessageKey {
  switch (state) {
    case 'running':
      return 'sync.state.running';
    case 'done':
      return 'sync.state.done';
    default:
      return 'sync.state.failed';
  }
}

export function stateKey(state: string): MessageKey {
  switch (state) {
    case 'pending':
      return 'state.pending';
    case 'deprovisioned':
      return 'state.deprovisioned';
    default:
      return 'state.active';
  }
}

const KINDS: Record<string, MessageKey> = {
  added: 'change.added',
  removed: 'change.removed',
  promoted: 'change.promoted',
  demoted: 'change.demoted',
  moved: 'change.moved',
  pending: 'change.pending',
  unchanged: 'change.unchanged',
};

export function changeKey(kind: string): MessageKey {
  return KINDS[kind] ?? 'change.unchanged';
}

const REASONS: Record<string, MessageKey> = {
  'manual-mode': 'reason.manual-mode',
  'no-role-catalog': 'reason.no-role-catalog',
  'lowest-role': 'reason.lowest-role',
  'current-role-kept': 'reason.current-role-kept',
  'role-from-groups': 'reason.role-from-groups',
  'no-mapped-group': 'reason.no-mapped-group',
  'no-seat-available': 'reason.no-seat-available',
  'mapped-tier-full': 'reason.mapped-tier-full',
  'not-provisioned': 'reason.not-provisioned',
};

/** A decision's reason code in the admin's language; unknown codes (and free text) as they are. */
export function reasonKey(code: string | null | undefined): MessageKey | null {
  return code ? REASONS[code] ?? null : null;
}

const SOURCES: Record<string, MessageKey> = {
  jit: 'source.jit',
  scim: 'source.scim',
  sync: 'source.sync',
  admin: 'source.admin',
};

/** Who last decided a member's standing, in words; a source the console does not know stays as the server wrote it. */
export function sourceLabel(source: string | null | undefined, t: (key: MessageKey) => string): string {
  if (!source) {
    return '';
  }
  const key = SOURCES[source];
  return key ? t(key) : source;
}

const TRIGGERS: Record<string, MessageKey> = {
  admin: 'sync.trigger.admin',
  policy: 'sync.trigger.policy',
  schedule: 'sync.trigger.schedule',
};

/** What started a Sync, in words; an unknown trigger stays as the server wrote it. */
export function triggerLabel(trigger: string | null | undefined, t: (key: MessageKey) => string): string {
  if (!trigger) {
    return '';
  }
  const key = TRIGGERS[trigger];
  return key ? t(key) : trigger;
}
