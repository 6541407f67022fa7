import { useEffect, useRef, useState } from 'react';
import { NavLink, useLocation } from 'react-router-dom';

export interface AdminLink {
  to: string;
  label: string;
  /** A page of the console server (the queue board), reached by a full page load. */
  external?: boolean;
}

/**
 * The admin's rarely used screens behind one "Admin" button, so the menu fits one row at 1280 px.
 * A disclosure (not an ARIA menu): Tab moves through the links, Escape closes and returns focus.
 */
export function AdminMenu({ links, onNavigate }: { links: readonly AdminLink[]; onNavigate: () => void }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLLIElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();
  const current = links.some((link) => !link.external && pathname.startsWith(link.to));

  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return undefined;
    const closeOutside = (event: MouseEvent | FocusEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', closeOutside);
    document.addEventListener('focusin', closeOutside);
    return () => {
      document.removeEventListener('mousedown', closeOutside);
      document.removeEventListener('focusin', closeOutside);
    };
  }, [open]);

  const close = () => {
    setOpen(false);
    onNavigate();
  };

  return (
    <li
      ref={root}
      className="admin-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className={current ? 'admin-toggle active' : 'admin-toggle'}
        aria-expanded={open}
        aria-controls="admin-links"
        onClick={() => setOpen((isOpen) => !isOpen)}
      >
        Admin <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <ul id="admin-links" hidden={!open}>
        {links.map((link) => (
          <li key={link.to}>
            {link.external ? (
              <a href={link.to}>{link.label}</a>
            ) : (
              <NavLink to={link.to} onClick={close}>
                {link.label}
              </NavLink>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}
