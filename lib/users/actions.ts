"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { authenticate } from "@/lib/auth/authenticate";
import { deviceTokenOfRequest } from "@/lib/auth/device-cookie";
import { signIn } from "@/lib/auth/next-auth";
import { changeOwnPassword } from "./change-own-password";
import { changeRole } from "./change-role";
import { createFirstAdmin } from "./create-first-admin";
import { createUser, type NewUserCredential } from "./create-user";
import { resetPassword } from "./reset-password";
import { setPasswordWithToken } from "./set-password-with-token";
import { setUserDisabled } from "./set-user-disabled";
import { emailSchema, nameSchema, newPasswordSchema, roleSchema } from "./types";

const credentialSchema = z.enum(["initial-password", "set-password-link"], { message: "Choose how the user gets a password." });
const userIdSchema = z.string().min(1).max(64);

const setupTokenSchema = z.string().trim().min(1, "Enter the setup token Beaconport printed when it started.").max(200);

/** One-time: needs the setup token printed at server start; refused by createFirstAdmin (atomically) as soon as any user exists. */
export const setupAction = action(
  { schema: newPasswordSchema({ email: emailSchema, name: nameSchema, setupToken: setupTokenSchema }), role: "public", name: "setup.first-admin" },
  async (input, ctx) => {
    await createFirstAdmin(input, ctx.meta);
    const user = await authenticate({ email: input.email, password: input.password, ip: ctx.meta.ip, userAgent: ctx.meta.userAgent });
    await signIn("credentials", { sessionToken: user.sessionToken, redirect: false });
    redirect("/");
  },
);

export const createUserAction = action(
  { schema: z.object({ email: emailSchema, name: nameSchema, role: roleSchema, credential: credentialSchema }), role: "admin", name: "user.create" },
  async (input, ctx): Promise<{ userId: string; email: string; credential: NewUserCredential }> => {
    const result = await createUser(input, { userId: ctx.user.userId, email: ctx.user.email, ip: ctx.meta.ip });
    revalidatePath("/users");
    return { ...result, email: input.email };
  },
);

export const changeRoleAction = action(
  { schema: z.object({ userId: userIdSchema, role: roleSchema }), role: "admin", name: "user.role" },
  async (input, ctx) => {
    const result = await changeRole(input, { userId: ctx.user.userId, email: ctx.user.email, ip: ctx.meta.ip });
    revalidatePath("/users");
    return result;
  },
);

export const setUserDisabledAction = action(
  { schema: z.object({ userId: userIdSchema, disabled: z.enum(["true", "false"]).transform((v) => v === "true") }), role: "admin", name: "user.set-disabled" },
  async (input, ctx) => {
    const result = await setUserDisabled(input, { userId: ctx.user.userId, email: ctx.user.email, ip: ctx.meta.ip });
    revalidatePath("/users");
    return result;
  },
);

export const resetPasswordAction = action(
  { schema: z.object({ userId: userIdSchema, credential: credentialSchema }), role: "admin", name: "user.reset-password" },
  async (input, ctx) => {
    const result = await resetPassword(input, { userId: ctx.user.userId, email: ctx.user.email, ip: ctx.meta.ip });
    revalidatePath("/users");
    return result;
  },
);

export const changeOwnPasswordAction = action(
  { schema: newPasswordSchema({ currentPassword: z.string().min(1, "Enter your current password.") }), role: "reviewer", allowPasswordChangeDue: true, name: "user.change-password" },
  async (input, ctx) => {
    await changeOwnPassword({ ...input, deviceToken: await deviceTokenOfRequest() }, { userId: ctx.user.userId, email: ctx.user.email, ip: ctx.meta.ip, sessionId: ctx.user.sessionId });
    return { changed: true };
  },
);

export const setPasswordWithTokenAction = action(
  { schema: newPasswordSchema({ token: z.string().min(20).max(200) }), role: "public", name: "user.set-password" },
  async (input, ctx) => {
    await setPasswordWithToken(input, ctx.meta);
    redirect("/login?password=set");
  },
);
