// institutionType takes the nine values of Circle's create-and-populate how-to: each one passes the
// client's pre-flight check and Prism's validation of the document; the old guess is refused.
import { describe, expect, inject, it } from "vitest";
import { createOnboardingClient, type InstitutionType, InvalidRequestError } from "../../src/index.js";

// Circle's how-to, Step 1: "Must be one of: publicCo, privateCo, trust, foundation, partnership,
// soleTrader, associationOrConsortium, coop, governmentBody."
const nine: InstitutionType[] = ["publicCo", "privateCo", "trust", "foundation", "partnership", "soleTrader", "associationOrConsortium", "coop", "governmentBody"];

const params = (institutionType: string) =>
  ({ clientName: `Acme ${institutionType}`, country: "US", clientType: "business", businessDetails: { natureOfBusiness: "trust", institutionType } }) as never;

describe("institutionType", () => {
  it.each(nine)("%s passes the pre-flight check and Prism accepts it", async (institutionType) => {
    const answers: Response[] = [];
    const circle = createOnboardingClient({
      token: "sk_test",
      baseUrl: inject("prismUrl"),
      maxRetries: 0,
      fetch: async (request, init) => {
        const response = await fetch(request, init);
        answers.push(response.clone());
        return response;
      },
    });
    await expect(circle.clients.create(params(institutionType))).resolves.toMatchObject({ applicationId: expect.any(String) });
    expect(answers).toHaveLength(1);
    expect(answers[0]!.status).toBe(201);
    // Prism lists any rule the request broke here; a value outside the document's enum would be one.
    expect(answers[0]!.headers.get("sl-violations")).toBeNull();
  });

  it.each(["association", "llc", "Coop"])("refuses %j before sending, naming the field and the nine values", async (institutionType) => {
    let sent = 0;
    const circle = createOnboardingClient({ token: "sk_test", baseUrl: inject("prismUrl"), fetch: () => (sent++, Promise.reject(new Error("unreachable"))) });
    const error = await circle.clients.create(params(institutionType)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field: "businessDetails.institutionType" });
    for (const value of nine) expect((error as Error).message).toContain(`"${value}"`);
    expect(sent).toBe(0);
  });

  it("is refused by the document too: Prism flags the old guess sent through raw", async () => {
    const circle = createOnboardingClient({ token: "sk_test", baseUrl: inject("prismUrl"), maxRetries: 0 });
    const { response } = await circle.raw.POST("/v1/partner/clients", { body: params("association") });
    expect(response.status).toBe(422);
    expect(response.headers.get("sl-violations")).toMatch(/institutionType/);
  });
});
