/** Safe defaults of a new connection (issue 11, item 13): an external ID from the first moment. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";
import { EXTERNAL_ID_LENGTH } from "@/lib/model/generate-external-id";
import { createDraftConnection } from "./create-draft-connection";
import { getConnectionView, updateDraftModel } from "@/lib/connections/repository";
import { externalIdDecided, parseDraftModel } from "@/lib/connections/draft-model";

let t: TestDatabase;
let userId: string;
beforeAll(async () => {
  t = await useTestDatabase();
  userId = (await t.db.user.create({ data: { email: "ext@example.test", name: "Ext", role: "admin" } })).id;
});
afterAll(async () => {
  await t.cleanup();
});

async function withTarget(connectionId: string) {
  await t.db.targetAccount.create({ data: { connectionId, accountId: "444455556666", accessMethod: "assume", adminRoleName: "OrganizationAccountAccessRole" } });
}

const stored = async (id: string) => parseDraftModel((await t.db.connection.findUniqueOrThrow({ where: { id }, select: { model: true } })).model);

describe("a new connection", () => {
  it("is stored with its own generated external ID, which the access model (and so every plan) carries", async () => {
    const a = await createDraftConnection({ createdById: userId });
    const b = await createDraftConnection({ createdById: userId });
    const [da, db] = [await stored(a.id), await stored(b.id)];
    expect(da.externalId).toMatch(new RegExp(`^[A-Za-z0-9]{${EXTERNAL_ID_LENGTH}}$`));
    expect(db.externalId).toMatch(new RegExp(`^[A-Za-z0-9]{${EXTERNAL_ID_LENGTH}}$`));
    expect(da.externalId).not.toBe(db.externalId);
    expect(externalIdDecided(da)).toBe(true);

    await withTarget(a.id);
    await updateDraftModel(a.id, { homeAccountId: "111122223333", targetAccountIds: ["444455556666"] });
    const view = await getConnectionView(a.id, { role: "admin" });
    expect(view.model.externalId).toBe(da.externalId);
    expect(view.accessModel?.externalId).toBe(da.externalId);
    const reviewer = await getConnectionView(a.id, { role: "reviewer" });
    expect(JSON.stringify(reviewer)).not.toContain(da.externalId!);
  });

  it('a confirmed "No external ID" is a decision the model accepts; a missing ID without it is not', async () => {
    const { id } = await createDraftConnection({ createdById: userId });
    await withTarget(id);
    await updateDraftModel(id, { homeAccountId: "111122223333", targetAccountIds: ["444455556666"], externalId: undefined });
    let view = await getConnectionView(id, { role: "admin" });
    expect(externalIdDecided(view.model)).toBe(false);

    await updateDraftModel(id, { noExternalId: true });
    view = await getConnectionView(id, { role: "admin" });
    expect(externalIdDecided(view.model)).toBe(true);
    // The decision is the wizard's, not the model's: it never reaches the strict access model.
    expect(view.modelIssues).toEqual([]);
    expect(view.accessModel).not.toBeNull();
    expect(view.accessModel!.externalId).toBeUndefined();
  });
});
