import { describe, expect, it } from "vitest";
import { CREDENTIALS_CSV_HEADER } from "@/lib/artefacts";
import { credentialsCsv, credentialsCsvFileName } from "./credentials-csv";

describe("credentialsCsv", () => {
  it("writes the console's columns: user, empty password, key, secret, console link", () => {
    const csv = credentialsCsv({ userName: "FNMSUser", accessKeyId: "AKIAEXAMPLE000000001", secretAccessKey: "abc/def+GHI", accountId: "111111111111" });
    const [header, row, end] = csv.split("\n");
    expect(header).toBe(CREDENTIALS_CSV_HEADER);
    expect(header).toBe("User name,Password,Access key ID,Secret access key,Console login link");
    expect(row).toBe("FNMSUser,,AKIAEXAMPLE000000001,abc/def+GHI,https://111111111111.signin.aws.amazon.com/console");
    expect(end).toBe("");
  });

  it("quotes a value that contains a comma", () => {
    const csv = credentialsCsv({ userName: "a,b", accessKeyId: "K", secretAccessKey: "S", accountId: "111111111111" });
    expect(csv.split("\n")[1]!.startsWith('"a,b",,K,S,')).toBe(true);
  });

  it("names the file like the console", () => {
    expect(credentialsCsvFileName("FNMSUser")).toBe("FNMSUser_credentials.csv");
  });
});
