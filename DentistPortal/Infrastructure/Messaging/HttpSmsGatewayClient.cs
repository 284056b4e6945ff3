using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DentistPortal.Infrastructure.Messaging;

/// <summary>
/// The SMS gateway over HTTP (contract in docs/sms-gateway.md): POST {BaseUrl}v1/messages with a bearer key.
/// A typed HttpClient behind the standard resilience handler (short attempt timeout, 2 quick retries); longer
/// outages are the outbox's job (DeliveryWorker backs off and tries again). The message text carries the code:
/// it is never logged, nor is any part of the gateway's error body.
/// </summary>
public sealed class HttpSmsGatewayClient(HttpClient http, IOptionsMonitor<MessagingOptions> options, ILogger<HttpSmsGatewayClient> logger) : ISmsSender
{
    public const string MessagesPath = "v1/messages";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public async Task<SendResult> SendAsync(string e164, string text, string reference, CancellationToken ct)
    {
        var sms = options.CurrentValue.Sms;
        using var request = new HttpRequestMessage(HttpMethod.Post, MessagesPath)
        {
            Content = JsonContent.Create(new GatewayRequest(e164, text, reference)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sms.ApiKey);
        // The same key on every attempt of this delivery (quick retries, and the resend after a crash): a gateway that
        // honours it sends the SMS once (docs/sms-gateway.md, "Retries").
        request.Headers.Add(IdempotencyKeyHeader, reference);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or TaskCanceledException or TimeoutException)
        {
            logger.LogWarning("SMS gateway did not answer in time for {Reference}.", reference);
            return SendResult.Transient("Gateway SMS não respondeu a tempo.");
        }
        catch (BrokenCircuitException)
        {
            logger.LogWarning("SMS gateway circuit is open; {Reference} not attempted.", reference);
            return SendResult.Transient("Gateway SMS indisponível (muitas falhas seguidas); nova tentativa em instantes.");
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("SMS gateway unreachable for {Reference}: {SocketError}.", reference, ex.HttpRequestError);
            return SendResult.Transient("Gateway SMS inacessível (falha de conexão).");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var id = await ReadIdAsync(response, ct);
                if (id is null)
                    logger.LogWarning("SMS gateway accepted {Reference} (HTTP {Status}) without a message id.", reference, status);
                else
                    logger.LogInformation("SMS gateway accepted {Reference} (HTTP {Status}) as {ProviderMessageId}.", reference, status, id);
                return SendResult.Sent(id);
            }

            logger.LogWarning("SMS gateway answered HTTP {Status} for {Reference}.", status, reference);
            return response.StatusCode switch
            {
                HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity =>
                    SendResult.Rejected($"Gateway recusou o número ou a mensagem (HTTP {status}): confira o celular cadastrado."),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    SendResult.Transient($"Gateway SMS recusou a credencial da operadora (HTTP {status}); nova tentativa em instantes."),
                HttpStatusCode.TooManyRequests =>
                    SendResult.Transient("Gateway SMS pediu para aguardar (HTTP 429, limite de envios)."),
                _ when status >= 500 =>
                    SendResult.Transient($"Gateway SMS indisponível (HTTP {status})."),
                _ =>
                    SendResult.Transient($"Gateway SMS respondeu de forma inesperada (HTTP {status})."),
            };
        }
    }

    private static async Task<string?> ReadIdAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<GatewayResponse>(ct);
            return string.IsNullOrWhiteSpace(body?.Id) ? null : body.Id.Length > 128 ? body.Id[..128] : body.Id;
        }
        catch (JsonException) { return null; }
        catch (NotSupportedException) { return null; } // not JSON
    }

    internal sealed record GatewayRequest(
        [property: JsonPropertyName("to")] string To,
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("reference")] string Reference);

    internal sealed record GatewayResponse([property: JsonPropertyName("id")] string? Id);
}
