import { Button, Modal, ModalVariant } from '@patternfly/react-core';
import { useState } from 'react';
import { ApiError } from '../api/errors';
import type { PolicyDocument, Preview } from '../api/types';
import { ErrorAlert, GuardedButton } from '../components/common';
import { useConsole } from '../components/context';
import { useI18n } from '../i18n/i18n';
import { PreviewView } from './PreviewView';
import { catalogOf, lockoutText } from './standing';

export interface SaveFlowProps {
  /** The document to preview and save; null when the form has problems of its own (already shown). */
  candidate: () => PolicyDocument | null;
  /** A refused preview or save (400): the page shows it beside its form. */
  onInvalid: (error: ApiError | null) => void;
  onSaved: (saved: PolicyDocument) => void;
  isDirty: boolean;
}

/**
 * Preview, then Save: shared by the Policy and Group mappings pages. The preview lists who the change affects;
 * a lockout refusal shows the guard's message and a deliberate Save anyway.
 */
export function SaveFlow({ candidate, onInvalid, onSaved, isDirty }: SaveFlowProps) {
  const { api, access } = useConsole();
  const i18n = useI18n();
  const { t } = i18n;
  const [doc, setDoc] = useState<PolicyDocument | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [lockout, setLockout] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);

  const close = () => {
    setPreview(null);
    setDoc(null);
    setError(null);
    setLockout(null);
    setRefused(false);
  };

  const runPreview = async () => {
    const next = candidate();
    if (!next) {
      return;
    }
    setBusy('preview');
    setError(null);
    onInvalid(null);
    try {
      const answer = await api.preview(next, 50);
      setDoc(next);
      setPreview(answer);
      setLockout(lockoutText(answer.lockout, catalogOf(next), i18n));
      setRefused(false);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        onInvalid(e);
      } else {
        setError(e);
      }
    } finally {
      setBusy(null);
    }
  };

  const save = async (force: boolean) => {
    if (!doc) {
      return;
    }
    setBusy('save');
    setError(null);
    try {
      const saved = await api.savePolicy(doc, force);
      close();
      onSaved(saved ?? doc);
    } catch (e) {
      if (e instanceof ApiError && e.isLockout) {
        // the preview worded it in the console's language; the server's message only if it had not refused then
        setLockout((shown) => shown ?? e.errors.find((x) => x.field === 'roles')?.message ?? e.message);
        setRefused(true);
      } else if (e instanceof ApiError && e.status === 400) {
        close();
        onInvalid(e);
      } else {
        setError(e);
      }
    } finally {
      setBusy(null);
    }
  };

  const readOnly = t('access.readOnly');
  return (
    <>
      {error && !preview ? <ErrorAlert error={error} /> : null}
      <Button variant="primary" onClick={runPreview} isLoading={busy === 'preview'} isDisabled={busy !== null}
        data-testid="preview-button">
        {t('policy.preview')}
      </Button>
      {!isDirty && <span className="pf-v5-u-align-self-center pf-v5-u-font-size-sm">{t('policy.noChanges')}</span>}
      <Modal variant={ModalVariant.large} isOpen={preview !== null} onClose={close}
        title={t('preview.title')} data-testid="preview-modal"
        actions={[
          <GuardedButton key="save" variant="primary" allowed={access.manageRealm} reason={readOnly}
            onClick={() => save(false)} isLoading={busy === 'save'} isDisabled={busy !== null}
            data-testid="save-button">
            {t('policy.save')}
          </GuardedButton>,
          ...(lockout ? [
            <GuardedButton key="force" variant="danger" allowed={access.manageRealm} reason={readOnly}
              onClick={() => save(true)} isDisabled={busy !== null} data-testid="save-anyway-button">
              {t('policy.saveAnyway')}
            </GuardedButton>,
          ] : []),
          <Button key="cancel" variant="link" onClick={close}>{t('common.cancel')}</Button>,
        ]}>
        {error ? <ErrorAlert error={error} /> : null}
        {preview && <PreviewView preview={preview} catalog={catalogOf(doc ?? undefined)} lockoutMessage={lockout}
          saveRefused={refused} />}
      </Modal>
    </>
  );
}
