import { describe, expect, it } from "vitest";

import { maskUrl } from "./client";

describe("maskUrl", () => {
  it("masks the password in the user-info part", () => {
    expect(maskUrl("postgres://app:s3cret@db.example:5432/openent")).toBe("postgres://app:****@db.example:5432/openent");
  });

  it("masks a password given as a query parameter, whatever its case, and keeps the other parameters", () => {
    const masked = maskUrl("postgres://app@db.example/openent?sslmode=require&password=s3cret&PassWord=autre&sslpassword=clé");
    expect(masked).not.toContain("s3cret");
    expect(masked).not.toContain("autre");
    expect(masked).not.toContain("cl%C3%A9");
    expect(masked).toContain("sslmode=require");
    expect(masked).toContain("password=****");
  });

  it("never prints an unreadable URL", () => {
    expect(maskUrl("postgres://app:s3cret@[broken")).toBe("<URL illisible>");
  });
});
