import { useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { can, type Permission, ROLE_LABELS } from '../auth/permissions';
import { useSession, useStaff } from '../auth/session';
import { NotificationsControl } from '../notifications/NotificationsControl';
import { type AdminLink, AdminMenu } from './AdminMenu';

interface MenuItem {
  to: string;
  label: string;
  permission: Permission;
  end?: boolean;
  /** Rarely used: under the Admin button for an admin, whose menu is otherwise too long for one row. */
  rare?: boolean;
}

const MENU: readonly MenuItem[] = [
  { to: '/', label: 'Home', permission: 'supporters:read', end: true },
  { to: '/supporters', label: 'Supporters', permission: 'supporters:read', end: true },
  { to: '/supporters/import', label: 'Import', permission: 'supporters:write' },
  { to: '/donations', label: 'Donations', permission: 'donations:read', end: true },
  { to: '/donations/monthly', label: 'Monthly gifts', permission: 'donations:read' },
  { to: '/gift-aid', label: 'Gift Aid', permission: 'donations:read' },
  { to: '/audiences', label: 'Audiences', permission: 'segments:read' },
  { to: '/emails', label: 'Emails', permission: 'campaigns:read' },
  { to: '/topics', label: 'Email topics', permission: 'supporters:write', rare: true },
  { to: '/suppressions', label: 'Suppressions', permission: 'suppressions:write', rare: true },
  { to: '/staff', label: 'Staff', permission: 'staff:manage', rare: true },
  { to: '/audit-log', label: 'Audit log', permission: 'staff:manage', rare: true },
];

/** The queue dashboard is a page of the console server (bull-board), not a screen of this app. */
const QUEUE_BOARD = '/api/queues';

/** The frame of every signed-in screen: a skip link, the menu for this role, and the screen. */
export function Layout() {
  const staff = useStaff();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const [menuOpen, setMenuOpen] = useState(false);
  const items = MENU.filter((item) => can(staff.role, item.permission));
  // Only while the mailer keeps email in its dev outbox (no SendGrid key), as the console reports.
  if (session?.devOutbox && can(staff.role, 'campaigns:read')) {
    items.push({ to: '/outbox', label: 'Outbox', permission: 'campaigns:read', rare: true });
  }
  const grouped = can(staff.role, 'staff:manage');
  const visible = grouped ? items.filter((item) => !item.rare) : items;
  const adminLinks: AdminLink[] = grouped ? items.filter((item) => item.rare) : [];
  if (can(staff.role, 'queues:view')) adminLinks.push({ to: QUEUE_BOARD, label: 'Queues', external: true });

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Supporter CRM</span>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-menu"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <nav id="main-menu" aria-label="Main" className={menuOpen ? 'menu open' : 'menu'}>
          <ul>
            {visible.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} onClick={() => setMenuOpen(false)}>
                  {item.label}
                </NavLink>
              </li>
            ))}
            {adminLinks.length > 0 && <AdminMenu links={adminLinks} onNavigate={() => setMenuOpen(false)} />}
          </ul>
        </nav>
        <div className={menuOpen ? 'account open' : 'account'}>
          <NavLink to="/account/two-factor" onClick={() => setMenuOpen(false)}>
            {staff.name || staff.email}
            <span className="role"> ({ROLE_LABELS[staff.role]})</span>
          </NavLink>
          <button
            type="button"
            onClick={() => {
              void signOut().then(() => navigate('/sign-in'));
            }}
          >
            Sign out
          </button>
        </div>
        {can(staff.role, 'campaigns:read') && <NotificationsControl />}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
