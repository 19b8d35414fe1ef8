import { Alert, Bullseye, Button, type ButtonProps, PageSection, Spinner, Title, Tooltip } from '@patternfly/react-core';
import { useId, type ReactNode } from 'react';
import { ApiError } from '../api/errors';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { reasonKey } from '../pages/labels';

/** The title of an error by what went wrong. */
export function errorTitleKey(error: unknown): MessageKey {
  if (!(error instanceof ApiError)) {
    return 'error.unexpected';
  }
  switch (error.status) {
    case 0:
      return 'error.network';
    case 400:
      return 'error.invalid';
    case 401:
      return 'error.unauthorized';
    case 403:
      return 'error.forbidden';
    case 404:
      return 'error.notFound';
    case 409:
      return 'error.conflict';
    default:
      return error.status >= 500 ? 'error.server' : 'error.unexpected';
  }
}

export function errorMessages(error: unknown): string[] {
  if (error instanceof ApiError) {
    return error.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
  }
  return [error instanceof Error ? error.message : String(error)];
}

/** Any failed call, shown as a danger Alert (never a blank page). */
export function ErrorAlert({ error, titleKey }: { error: unknown; titleKey?: MessageKey }) {
  const { t } = useI18n();
  if (!error) {
    return null;
  }
  const messages = errorMessages(error);
  return (
    <Alert variant="danger" isInline title={t(titleKey ?? errorTitleKey(error))} data-testid="error-alert"
      className="pf-v5-u-mb-md">
      {messages.length === 1 ? messages[0] : (
        <ul>{messages.map((m, i) => <li key={i}>{m}</li>)}</ul>
      )}
    </Alert>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <Bullseye className="pf-v5-u-p-lg">
      <Spinner size="lg" aria-label={t('common.loading')} />
    </Bullseye>
  );
}

/** A page's title above its loading spinner, or the error that stopped the load. */
export function PageLoading({ titleKey, error }: { titleKey: MessageKey; error: unknown }) {
  const { t } = useI18n();
  return (
    <PageSection variant="light">
      <Title headingLevel="h1">{t(titleKey)}</Title>
      {error ? <ErrorAlert error={error} /> : <Loading />}
    </PageSection>
  );
}

/** Says once per page that this admin can look but not change. */
export function ReadOnlyNotice({ show, reasonKey = 'access.readOnly' }: { show: boolean; reasonKey?: MessageKey }) {
  const { t } = useI18n();
  if (!show) {
    return null;
  }
  return <Alert variant="info" isInline title={t(reasonKey)} data-testid="readonly-notice" className="pf-v5-u-mb-md" />;
}

export interface GuardedButtonProps extends ButtonProps {
  /** Whether this admin may do what the button does. */
  allowed: boolean;
  /** Why not, shown as the tooltip and read by screen readers. */
  reason: string;
  children?: ReactNode;
}

/**
 * A button that stays focusable but does nothing when the admin may not use it ({@code aria-disabled}), with a
 * tooltip saying why.
 */
export function GuardedButton({ allowed, reason, children, ...props }: GuardedButtonProps) {
  if (allowed) {
    return <Button {...props}>{children}</Button>;
  }
  return <BlockedButton reason={reason} props={props}>{children}</BlockedButton>;
}

function BlockedButton({ reason, props, children }: { reason: string; props: ButtonProps; children?: ReactNode }) {
  const id = useId();
  const { onClick: _ignored, isDisabled: _disabled, ...rest } = props;
  void _ignored;
  void _disabled;
  return (
    <>
      <Tooltip content={reason}>
        <Button {...rest} isAriaDisabled aria-describedby={id}>{children}</Button>
      </Tooltip>
      <span id={id} className="pf-v5-screen-reader">{reason}</span>
    </>
  );
}

/**
 * A decision's reason: its code in the console's language, and the server's detail (group and tier names) under it.
 * The detail is English, so other languages show it only when the code is one the console does not know.
 */
export function ReasonText({ code, detail }: { code: string | null | undefined; detail: string | null | undefined }) {
  const { t, locale } = useI18n();
  const key = reasonKey(code);
  if (!key) {
    return <>{detail ?? code ?? ''}</>;
  }
  return (
    <>
      {t(key)}
      {detail && locale === 'en' ? <span className="pf-v5-u-display-block pf-v5-u-font-size-sm pf-v5-u-mt-xs">{detail}</span> : null}
    </>
  );
}
