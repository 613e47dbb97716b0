import { create } from 'zustand';
import { openingLink } from '../links/current';

export type Theme = 'system' | 'light' | 'dark';

/**
 * The frame's state: which tab shows, presenter mode, the colour theme, and what an instructor's link
 * hides or locks. Lessons, shortcuts and links change the tab through here.
 */
export interface UiState {
  /** The requested tab (the frame falls back to the first when it names no tab). */
  tab: string | null;
  presenter: boolean;
  theme: Theme;
  /** data-testids of controls or panels the link hides (`&hide=`). */
  linkHide: string[];
  /** The link's read-only flag (`&ro=1`): settings are shown but locked. */
  readOnly: boolean;
  /** The keyboard shortcuts overlay (`?`). */
  helpOpen: boolean;
}

const THEME_KEY = 'latent-lab-theme';

function storedTheme(): Theme {
  try {
    const t = typeof localStorage === 'undefined' ? null : localStorage.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

const link = openingLink();
const kind = link.config?.kind;
const startTab =
  link.tab ?? (kind === 'gan2d' ? 'gan' : kind === 'imageGan' || kind === 'aae' ? 'images' : null);

export const useUi = create<UiState>(() => ({
  tab: startTab,
  presenter: link.present,
  theme: storedTheme(),
  linkHide: link.hide,
  readOnly: link.readOnly,
  helpOpen: false,
}));

export const uiActions = {
  showTab: (tab: string) => useUi.setState({ tab }),
  setPresenter: (presenter: boolean) => useUi.setState({ presenter }),
  togglePresenter: () => useUi.setState((s) => ({ presenter: !s.presenter })),
  setHelp: (helpOpen: boolean) => useUi.setState({ helpOpen }),
  setTheme(theme: Theme): void {
    useUi.setState({ theme });
    try {
      if (theme === 'system') localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, theme);
    } catch {
      // storage unavailable (private mode): the choice lasts for this page only
    }
  },
};
