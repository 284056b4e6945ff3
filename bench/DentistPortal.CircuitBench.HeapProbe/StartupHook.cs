using System.Globalization;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// Loaded by the runtime before <c>Main</c> when the benchmark starts a server with
/// <c>DOTNET_STARTUP_HOOKS=&lt;this dll&gt;</c> (a startup hook must be a type named <c>StartupHook</c> outside any
/// namespace with a static <c>Initialize</c>). Listens on the Unix socket named by <c>CIRCUITBENCH_PROBE_SOCKET</c>;
/// each line <c>heap</c> is answered with one line: <c>&lt;bytes&gt; &lt;heapSizeBytes&gt; &lt;gen2 count&gt;</c>, where bytes is
/// <see cref="GC.GetTotalMemory(bool)"/> after two full blocking compacting collections with the finalizers run in
/// between (live managed objects only), and heapSizeBytes is the GC's own figure for that collection (with fragmentation).
/// </summary>
internal static class StartupHook
{
    public const string SocketVariable = "CIRCUITBENCH_PROBE_SOCKET";

    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable(SocketVariable);
        if (string.IsNullOrEmpty(path)) return;
        var thread = new Thread(() => Serve(path)) { IsBackground = true, Name = "CircuitBench heap probe" };
        thread.Start();
    }

    private static void Serve(string path)
    {
        if (File.Exists(path)) File.Delete(path);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(4);
        while (true)
        {
            using var client = listener.Accept();
            using var stream = new NetworkStream(client, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            using var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (line.Trim() == "heap") writer.WriteLine(Measure());
                else writer.WriteLine("unknown");
            }
        }
    }

    private static string Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var live = GC.GetTotalMemory(forceFullCollection: false);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return string.Create(CultureInfo.InvariantCulture, $"{live} {info.HeapSizeBytes} {GC.CollectionCount(2)}");
    }
}
