import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { CreateUserForm } from "@/components/users/create-user-form";
import { UserRow } from "@/components/users/user-row";
import { requireSession } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/list-users";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requireSession("admin");
  const users = await listUsers();
  return (
    <>
      <PageHeader title="Users" description="Administrators may change anything. Reviewers see connections, health and the audit trail, never secrets, and change nothing." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Add a user" description="The first password is a one-time password or a set-password link, shown once." />
          <CreateUserForm />
        </Card>
        <Card>
          <CardHeader title={`People (${users.length})`} />
          <ul className="divide-y divide-slate-100" data-testid="user-list">
            {users.map((u) => (
              <UserRow key={`${u.id}-${u.role}-${u.disabled}`} user={u} isSelf={u.id === me.userId} />
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
