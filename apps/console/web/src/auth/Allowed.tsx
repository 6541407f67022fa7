import { type ReactNode, Suspense } from 'react';
import { Loading, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { can, type Permission } from './permissions';
import { useSession } from './session';

/** A screen the role may not use says so instead of failing request by request. */
export function Allowed({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { staff } = useSession();
  if (!can(staff?.role, permission)) {
    return (
      <>
        <PageHeader title="Not available" />
        <Notice kind="warning">Your role does not include this screen. Ask an admin if you need it.</Notice>
      </>
    );
  }
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}
