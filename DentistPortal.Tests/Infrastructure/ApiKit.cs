using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DentistPortal.Features.Admin;
using DentistPortal.Features.DevInbox;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>The clinic API from the integrator's side (issue 11): a key made by the admin, a client that sends it, the dev inbox.</summary>
public static partial class ApiKit
{
    public sealed record Key(int Id, string KeyId, string FullKey, string IntegrationUserName);

    /// <summary>Creates a key for the clinic with <paramref name="clinicCnpj"/> through the admin's handler, as the screen does.</summary>
    public static async Task<Key> CreateKeyAsync(IServiceProvider services, string clinicCnpj, string? label = null)
    {
        var admin = await DemoActors.ForAsync(services, "admin@demo.local");
        var clinicId = await DemoActors.ClinicIdAsync(services, clinicCnpj);
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CreateApiCredentialHandler>()
            .HandleAsync(new CreateApiCredentialCommand(clinicId, label ?? "Sistema da clínica " + Guid.NewGuid().ToString("N")[..6]), admin);
        Assert.True(result.IsOk, string.Join(" ", result.Errors));
        return new Key(result.Value!.Id, result.Value.KeyId, result.Value.FullKey, result.Value.IntegrationUserName);
    }

    public static HttpClient Client(PortalFactory factory, string? key)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object? body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Looks Maria up by CPF and opens a consultation for Dra. Ana (CRO-SP 98765) at Sorriso Paulista; answers (id, number).</summary>
    public static async Task<(int Id, string Number)> OpenConsultationAsync(HttpClient api, string cpf = "52998224725", string cro = "98765", string uf = "SP")
    {
        using var lookup = await api.GetAsync($"/api/v1/beneficiaries?cpf={cpf}");
        Assert.Equal(System.Net.HttpStatusCode.OK, lookup.StatusCode);
        var reference = (await lookup.JsonAsync()).GetProperty("encontrado").GetProperty("referencia").GetString();
        using var created = await api.PostJsonAsync("/api/v1/treatments",
            new { beneficiario = reference, dentista = new { cro, uf }, itens = new[] { new { codigoTuss = "81000030" } } });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var json = await created.JsonAsync();
        return (json.GetProperty("id").GetInt32(), json.GetProperty("numero").GetString()!);
    }

    [GeneratedRegex(@"token (\d{6})(?: de \S+)? trat (\d+)")]
    private static partial Regex SmsCode();

    /// <summary>
    /// The code of the newest SMS for <paramref name="treatmentNumber"/> in the development inbox (other than
    /// <paramref name="notThisCode"/>), as an integrator's tester reads it; waits for the outbox dispatcher to deliver it.
    /// </summary>
    public static async Task<string> ReadSmsCodeAsync(IServiceProvider services, string treatmentNumber, string? notThisCode = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                foreach (var m in await scope.ServiceProvider.GetRequiredService<GetDevMessagesHandler>().HandleAsync(200))
                {
                    var match = SmsCode().Match(m.Body);
                    if (match.Success && match.Groups[2].Value == treatmentNumber && match.Groups[1].Value != notThisCode) return match.Groups[1].Value;
                }
            }
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"No SMS for treatment {treatmentNumber} reached the development inbox.");
            await Task.Delay(100);
        }
    }
}
