using System.Net;
using DentistPortal.Tests.Infrastructure;
using Npgsql;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// Issue 12 (health checks): an instance that loses its PostgreSQL answers 503 on /health/ready (so the proxy stops
/// sending it users) while /health/live stays 200 (the process is fine: restarting it would not bring the database back),
/// and neither answer names the server, the connection string or the exception.
/// </summary>
public class AnInstanceWithoutItsDatabaseIsNotReady
{
    [Fact]
    public async Task ReadyTurns503AndLiveStays200WhenTheDatabaseGoesAway()
    {
        var database = TestPostgres.CreateDatabase();
        var shared = Directory.CreateTempSubdirectory("dentistportal-scaleout-").FullName;
        var target = new NpgsqlConnectionStringBuilder(database);
        using var relay = new TcpRelay(target.Host!, target.Port);
        var throughRelay = new NpgsqlConnectionStringBuilder(database) { Host = "127.0.0.1", Port = relay.Port }.ToString();
        try
        {
            await using var instance = new ProxiedInstance("A", throughRelay, shared);
            instance.StartServer();
            using var http = new HttpClient { BaseAddress = new Uri(instance.BaseAddress) };

            var before = await http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.Contains("\"postgresql\":\"Healthy\"", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            relay.Cut();

            var after = await http.GetAsync("/health/ready");
            var text = await after.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
            Assert.Contains("\"status\":\"Unhealthy\"", text, StringComparison.Ordinal);
            Assert.Contains("\"postgresql\":\"Unhealthy\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain(relay.Port.ToString(), text, StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
            Assert.DoesNotContain(target.Database!, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", text, StringComparison.OrdinalIgnoreCase);

            var live = await http.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            TestPostgres.DropDatabase(database);
            Directory.Delete(shared, recursive: true);
        }
    }
}
