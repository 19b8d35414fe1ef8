import {
  Button, Chip, ChipGroup, Label, Menu, MenuContent, MenuItem, MenuList, TextInputGroup, TextInputGroupMain,
} from '@patternfly/react-core';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n/i18n';

/** A group the directory knows: pushed over SCIM, or seen in the group claim at logins. */
export interface GroupSuggestion {
  value: string;
  source: 'scim' | 'claim';
  members?: number;
}

export interface GroupPickerProps {
  id: string;
  /** The visible label, e.g. "Groups mapped to Owner". */
  label: string;
  value: string[];
  onChange: (groups: string[]) => void;
  suggestions: GroupSuggestion[];
  isDisabled?: boolean;
  disabledReason?: string;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Picks IdP groups: chips for the chosen ones, a text field that suggests the directory's groups as you type
 * (arrow keys and Enter), and free text (Enter adds what was typed).
 */
export function GroupPicker({ id, label, value, onChange, suggestions, isDisabled, disabledReason }: GroupPickerProps) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const container = useRef<HTMLDivElement>(null);
  const listId = useId();
  const helpId = useId();

  const typed = text.trim().toLowerCase();
  const options = suggestions
    .filter((s) => !value.some((v) => same(v, s.value)))
    .filter((s) => typed === '' || s.value.toLowerCase().includes(typed))
    .filter((s, i, all) => all.findIndex((o) => same(o.value, s.value)) === i)
    .slice(0, 10);

  const add = (group: string) => {
    const g = group.trim();
    if (g !== '' && !value.some((v) => same(v, g))) {
      onChange([...value, g]);
    }
    setText('');
    setActive(-1);
  };
  const remove = (group: string) => onChange(value.filter((v) => v !== group));

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add(active >= 0 && options[active] ? options[active].value : text);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(options.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(-1, a - 1));
    } else if (e.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  const showMenu = open && !isDisabled && options.length > 0;
  return (
    <div ref={container} data-testid={`group-picker-${id}`}
      onBlur={(e) => {
        if (!container.current?.contains(e.relatedTarget as Node | null)) {
          setOpen(false);
        }
      }}>
      <label htmlFor={id} className="pf-v5-c-form__label">
        <span className="pf-v5-c-form__label-text">{label}</span>
      </label>
      <div className="pf-v5-u-mt-xs">
        {value.length === 0 ? <span className="pf-v5-u-font-size-sm">{t('mappings.none')}</span> : (
          <ChipGroup categoryName="" aria-label={label} numChips={20}>
            {value.map((g) => (
              <Chip key={g} onClick={() => remove(g)} isReadOnly={isDisabled}
                closeBtnAriaLabel={t('mappings.remove', { group: g })}>{g}</Chip>
            ))}
          </ChipGroup>
        )}
      </div>
      <TextInputGroup isDisabled={isDisabled} className="pf-v5-u-mt-sm">
        <TextInputGroupMain inputId={id} value={text} placeholder={t('mappings.addPlaceholder')}
          aria-describedby={helpId} role="combobox" isExpanded={showMenu} aria-controls={listId}
          onChange={(_e, v) => { setText(v); setOpen(true); setActive(-1); }}
          onFocus={() => setOpen(true)} onKeyDown={onKeyDown} />
      </TextInputGroup>
      <p id={helpId} className="pf-v5-u-font-size-sm pf-v5-u-mt-xs">
        {isDisabled && disabledReason ? disabledReason : t('mappings.pickerHelp')}
      </p>
      {showMenu && (
        <Menu isPlain={false} className="pf-v5-u-mt-xs" onSelect={(_e, v) => add(String(v))}>
          <MenuContent>
            <MenuList id={listId} aria-label={t('mappings.suggestions', { label })}>
              {options.map((o, i) => (
                <MenuItem key={`${o.source}:${o.value}`} itemId={o.value} isFocused={i === active}
                  data-testid={`suggestion-${o.value}`}
                  description={o.members !== undefined ? t('mappings.members', { count: o.members }) : undefined}>
                  {o.value}{' '}
                  <Label isCompact color={o.source === 'scim' ? 'blue' : 'purple'}>
                    {t(o.source === 'scim' ? 'mappings.fromScim' : 'mappings.fromClaims')}
                  </Label>
                </MenuItem>
              ))}
            </MenuList>
          </MenuContent>
        </Menu>
      )}
      {text.trim() !== '' && !isDisabled && (
        <Button variant="link" isInline className="pf-v5-u-mt-xs" onClick={() => add(text)}>
          {t('mappings.addTyped', { group: text.trim() })}
        </Button>
      )}
    </div>
  );
}
