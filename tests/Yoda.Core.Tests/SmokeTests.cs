namespace Yoda.Core.Tests;

public class SmokeTests
{
    [Fact]
    public async Task Insert_update_delete_reach_olap()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, age INTEGER)");
        await engine.RegisterTableAsync(new TableSchema("users", [("id", "int64"), ("name", "utf8"), ("age", "int32")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO users VALUES (1, 'ann', 30), (2, 'bob', 40)");
        await engine.ExecuteAsync("UPDATE users SET age = 41 WHERE id = 2");
        await engine.ExecuteAsync("DELETE FROM users WHERE id = 1");
        var result = await engine.SyncNowAsync();
        Assert.Equal(new SyncResult(4, 2, 1, 1, 4), result);
        var rows = Olap.Rows(engine, "users");
        var row = Assert.Single(rows);
        Assert.Equal(new object?[] { 2L, "bob", 41L }, row);
    }
}
