-- Debian's sqlite3 (libsqlite3.so) on our kernel, on a database file: transactions (POSIX
-- record locks, fsync, a rollback journal), recursive queries, indexes, aggregates, joins.
pragma journal_mode = delete;
create table item(id integer primary key, name text not null, qty integer, price real);
begin;
with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000)
insert into item(name, qty, price) select 'item' || i, i % 17, round(i * 1.25, 2) from n;
commit;
create index item_qty on item(qty);
select count(*), sum(qty), round(avg(price), 3), max(name) from item;
select qty, count(*) from item where qty between 3 and 6 group by qty order by qty;
create table tag(item_id integer references item(id), tag text);
insert into tag select id, case when id % 3 = 0 then 'fizz' when id % 5 = 0 then 'buzz' else 'plain' end from item where id <= 30;
select t.tag, count(*), group_concat(i.id) from tag t join item i on i.id = t.item_id group by t.tag order by t.tag;
begin; delete from item where id > 1000; rollback;
select count(*) from item;
update item set price = price * 2 where qty = 0;
select round(sum(price), 2) from item;
pragma integrity_check;
select sqlite_version() >= '3.40';
