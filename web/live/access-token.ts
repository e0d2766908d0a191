import { element } from './elements.ts';

/**
 * Where a live page gets its bearer token: the URL fragment (`#token=…`, never sent to any server, so a link
 * can carry it without it reaching logs), then this tab's session storage, then a paste form. A token taken
 * from the fragment is moved into session storage and removed from the address bar, so it does not linger in
 * the history, in bookmarks or on screen.
 */
export class AccessToken {
  readonly #storageKey: string;

  constructor(storageKey: string) {
    this.#storageKey = storageKey;
  }

  /** The token to start with, if any. */
  take(): string | undefined {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const fromFragment = fragment.get('token')?.trim();
    if (fromFragment) {
      this.save(fromFragment);
      fragment.delete('token');
      const rest = fragment.toString();
      history.replaceState(
        history.state,
        '',
        `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`,
      );
      return fromFragment;
    }
    return this.#read();
  }

  save(token: string): void {
    try {
      sessionStorage.setItem(this.#storageKey, token);
    } catch {
      // Storage can be disabled (private mode, policy); the page still works for this visit.
    }
  }

  forget(): void {
    try {
      sessionStorage.removeItem(this.#storageKey);
    } catch {
      // See save().
    }
  }

  #read(): string | undefined {
    try {
      return sessionStorage.getItem(this.#storageKey) ?? undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * A form to paste a token into. Shown when there is none or the server refused the last one (`problem` says
 * why); calls `onToken` with the pasted value.
 */
export function tokenForm(options: {
  purpose: string;
  problem: string | undefined;
  onToken: (token: string) => void;
}): HTMLFormElement {
  const input = element('textarea', {
    id: 'access-token',
    name: 'token',
    rows: 3,
    required: true,
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    'aria-describedby': options.problem ? 'access-token-help access-token-problem' : 'access-token-help',
  });
  const form = element(
    'form',
    { class: 'token-form', 'aria-labelledby': 'access-token-title' },
    element('h2', { id: 'access-token-title' }, 'Access token'),
    element('p', { id: 'access-token-help' }, options.purpose),
    options.problem &&
      element('p', { id: 'access-token-problem', class: 'problem', role: 'alert' }, options.problem),
    element('label', { for: 'access-token' }, 'Token'),
    input,
    element('button', { type: 'submit' }, 'Connect'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (token) options.onToken(token.replace(/^Bearer\s+/i, ''));
  });
  return form;
}
